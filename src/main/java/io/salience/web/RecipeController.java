package io.salience.web;

import io.salience.training.Recipe;
import io.salience.training.Recipes;
import io.salience.errors.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/recipes")
@Tag(name = "Recipes", description = "Named training settings that a job request starts from")
public class RecipeController {

    @GetMapping
    @Operation(summary = "Every recipe with all its values and one line of why")
    public List<Recipe> list() {
        return Recipes.ALL;
    }

    @GetMapping("/{name}")
    @Operation(summary = "One recipe")
    public Recipe get(@PathVariable String name) {
        return Recipes.find(name).orElseThrow(() -> new NotFoundException(
                "recipe '" + name + "' does not exist; known: " + String.join(", ", Recipes.names())));
    }
}
