#ifndef fluxion_physics_fields_h
#define fluxion_physics_fields_h

#include <deal.II/fe/component_mask.h>
#include <deal.II/fe/fe_values_extractors.h>

#include <set>
#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * One field of a physics: a named group of components of its finite
   * element (a concentration, a potential, a chemical potential).
   */
  struct FieldDescription
  {
    /**
     * The name the parameter file uses for it ("c", "phi", "mu").
     */
    std::string name;

    /**
     * Its unit, as printed in output headers.
     */
    std::string unit;

    /**
     * The first component of the field in the finite element.
     */
    unsigned int first_component = 0;

    /**
     * The number of components (1 for a scalar field).
     */
    unsigned int n_components = 1;

    /**
     * Whether the equation of the field has a time derivative (false for a
     * constraint such as Poisson's equation or a chemical potential).
     */
    bool has_time_derivative = true;

    /**
     * Whether the field is an amount of substance whose integral is
     * conserved (its boundary fluxes balance its change).
     */
    bool conserved = true;

    /**
     * Whether the field is a concentration that cannot be negative (a log
     * of it is meaningful, positivity applies).
     */
    bool non_negative = true;

    /**
     * Whether the unknown of the field is the natural logarithm of its
     * value (in its unit), so that the value exp(unknown) stays positive
     * whatever the discretisation does. The shared core then takes initial
     * and boundary values as values, forms the time derivative of the
     * value, and writes values to output and postprocessing.
     */
    bool logarithmic = false;

    /**
     * A typical size of the field below which changes are measured
     * absolutely: Newton's updates and the time error are compared with
     * max(largest value, scale). 0: relative to the largest value only.
     * The core uses 1 for a logarithmic field (its changes are relative
     * changes of the value).
     */
    double scale = 0;

    /**
     * The weight of the field's equation in the residual norm of Newton's
     * method (its line search and absolute tolerance), so that the
     * equations of a coupled system in different units count alike.
     */
    double equation_scale = 1;

    /**
     * The regions (material ids) where the field does not exist, such as
     * the ions of an electrolyte in a dielectric. The physics leaves its
     * equation out there; the core holds at 0 the field's DoFs that touch
     * only such cells, leaves out its boundary conditions on their faces,
     * and integrals skip them. Not for logarithmic fields.
     */
    std::set<types::material_id> absent_regions;

    /// Whether the field exists in region @p region.
    bool
    exists_in(const types::material_id region) const
    {
      return absent_regions.count(region) == 0;
    }

    /**
     * The extractor of a scalar field.
     */
    FEValuesExtractors::Scalar
    extractor() const
    {
      return FEValuesExtractors::Scalar(first_component);
    }

    /**
     * The mask of the field's components among @p n_total components.
     */
    ComponentMask
    mask(const unsigned int n_total) const;
  };

  /**
   * The fields of a physics, in the order of their components.
   */
  class FieldDescriptions
  {
  public:
    FieldDescriptions() = default;

    /**
     * The fields; their first components follow from the order.
     */
    explicit FieldDescriptions(std::vector<FieldDescription> fields);

    /**
     * Number of fields.
     */
    unsigned int
    size() const
    {
      return fields.size();
    }

    /**
     * Total number of components.
     */
    unsigned int
    n_components() const;

    /**
     * The field with the given index.
     */
    const FieldDescription &
    operator[](const unsigned int i) const
    {
      return fields[i];
    }

    /**
     * Whether a field of this name exists.
     */
    bool
    has(const std::string &name) const;

    /**
     * The index of the named field; throws a message that names
     * @p parameter and the fields that exist when there is none.
     */
    unsigned int
    index(const std::string &name, const std::string &parameter) const;

    /**
     * The field names, comma separated.
     */
    std::string
    names() const;

    /**
     * The indices of a comma-separated list of names (all fields when the
     * list is empty); names a @p parameter in errors.
     */
    std::vector<unsigned int>
    select(const std::string &list, const std::string &parameter) const;

    typename std::vector<FieldDescription>::const_iterator
    begin() const
    {
      return fields.begin();
    }

    typename std::vector<FieldDescription>::const_iterator
    end() const
    {
      return fields.end();
    }

  private:
    std::vector<FieldDescription> fields;
  };

  /**
   * The weight of every field of @p fields for a criterion that reads the
   * field list @p list (empty: all fields) and the scales @p scales: either
   * one number for every listed field, or 'name: number' pairs separated by
   * commas (listed fields without a pair take 1). Fields not listed get 0.
   * Errors name @p section, e.g. "Mesh refinement/kelly", with its entries
   * <Fields> and <Scales>.
   */
  std::vector<double>
  field_weights(const FieldDescriptions &fields,
                const std::string       &list,
                const std::string       &scales,
                const std::string       &section);
} // namespace Fluxion

#endif
